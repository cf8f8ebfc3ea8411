import type { Redaction } from '@catalyse/projections';
import { redactReportContent } from '../store/redact-report';
import type { ReportFile, ReportFileInfo, ReportStore } from '../store/report-store';

/** The files a job keeps, in memory (specs of the job: the store's own adapters have their contract suite). */
export class MemoryReportStore implements ReportStore {
  readonly files = new Map<string, ReportFile>();
  async put(file: ReportFile): Promise<void> {
    this.files.set(`${file.reportId}/${file.item}/${file.format}`, file);
  }
  async get(reportId: string, item: string, format: string): Promise<ReportFile | undefined> {
    return this.files.get(`${reportId}/${item}/${format}`);
  }
  async list(reportId: string): Promise<ReportFileInfo[]> {
    return [...this.files.values()].filter((f) => f.reportId === reportId).map(({ content, ...info }) => ({ ...info, bytes: content.length }));
  }
  async delete(reportId: string): Promise<number> {
    const keys = [...this.files.keys()].filter((k) => k.startsWith(`${reportId}/`));
    for (const key of keys) this.files.delete(key);
    return keys.length;
  }
  async redact(redactions: readonly Redaction[]): Promise<number> {
    let changed = 0;
    for (const [key, file] of this.files) {
      const content = redactReportContent(file.format, file.content, redactions);
      if (content === file.content) continue;
      this.files.set(key, { ...file, content });
      changed++;
    }
    return changed;
  }
  async close(): Promise<void> {}
}
