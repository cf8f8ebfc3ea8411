import { batchDoneMessage } from './report-job';

describe('batchDoneMessage: the last word of a batch, in French', () => {
  it('says none, one and many as a French reader does', () => {
    expect(batchDoneMessage(0)).toBe('aucun rapport ; seul l’index du lot a été établi');
    expect(batchDoneMessage(1)).toBe('1 rapport et l’index du lot établis');
    expect(batchDoneMessage(36)).toBe('36 rapports et l’index du lot établis');
    expect(batchDoneMessage(1234)).toBe('1 234 rapports et l’index du lot établis');
  });
});
