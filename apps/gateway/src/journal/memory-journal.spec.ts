import { MemoryJournal } from './memory-journal.js';
import { journalContract } from '../../test/journal-contract.js';

journalContract('memory', async (clock) => {
  const journal = new MemoryJournal(clock);
  return { journal, cleanup: () => journal.close() };
});
