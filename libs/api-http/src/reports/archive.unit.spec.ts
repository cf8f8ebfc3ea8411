import { countTurns } from '@catalyse/test-servers';
import type { ReportFile, ReportFileInfo } from '@catalyse/reports';
import { reportArchive } from './archive';

const info = (item: string): ReportFileInfo => ({
  reportId: 'r1',
  item,
  format: 'html',
  fileName: `${item}.html`,
  contentType: 'text/html; charset=utf-8',
  createdAt: '2026-12-05T10:00:00.000Z',
  bytes: 100,
});

describe('reportArchive', () => {
  it('lets the event loop turn between two files, even when the store answers at once and the client reads as fast', async () => {
    const files = Array.from({ length: 40 }, (_, i) => info(`p${i}`));
    // An embedded store: its answer settles without a turn of the event loop.
    const read = async (file: ReportFileInfo): Promise<ReportFile> => ({ ...file, content: `<p>${file.item}</p>`.repeat(50) });
    const turns = countTurns();
    const archive = await reportArchive(files, read);
    let bytes = 0;
    for await (const chunk of archive) bytes += (chunk as Buffer).length;
    expect(bytes).toBeGreaterThan(0);
    // Other requests (and the hub) are served between files: a turn for each of the 39 after the first.
    expect(turns.stop()).toBeGreaterThanOrEqual(39);
  });
});
