import { MemoryJournal } from './memory-journal.js';
import { journalContract } from '../../test/journal-contract.js';

journalContract('memory', async (clock, opts = {}) => {
  const journal = new MemoryJournal({ clock, ...opts });
  return { journal, cleanup: () => journal.close() };
});
