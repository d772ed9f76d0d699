import { describe, it, expect } from '@jest/globals';
import { RacpTransfer } from './racp.js';

describe('RacpTransfer (glucose catch-up state machine)', () => {
  it('asks for all records on first contact, then for records ≥ last acknowledged + 1', () => {
    expect(new RacpTransfer(null).start()).toEqual({
      opCode: 'report-stored-records',
      operator: 'all-records',
    });
    expect(new RacpTransfer(41).start()).toEqual({
      opCode: 'report-stored-records',
      operator: 'greater-than-or-equal-to',
      filter: { filterType: 'sequence-number', value: 42 },
    });
  });

  it('admits each new record once and drops already acknowledged or repeated ones', () => {
    const t = new RacpTransfer(10);
    t.start();
    expect([9, 10, 11, 11, 12, 12, 13].map((s) => t.record(s))).toEqual([
      false,
      false,
      true,
      false,
      true,
      false,
      true,
    ]);
    expect(t.accepted).toBe(3);
  });

  it('ends done on success or "no records found", failed on any other response code', () => {
    const ok = new RacpTransfer(null);
    ok.start();
    expect(ok.respond('success')).toBe('done');
    const none = new RacpTransfer(5);
    none.start();
    expect(none.respond('no-records-found')).toBe('done');
    const bad = new RacpTransfer(5);
    bad.start();
    expect(bad.respond('invalid-operand')).toBe('failed');
    expect(bad.response).toBe('invalid-operand');
    const rfu = new RacpTransfer(5);
    rfu.start();
    expect(rfu.respond(42)).toBe('failed');
  });

  it('ignores a response that arrives after the transfer ended', () => {
    const t = new RacpTransfer(null);
    t.start();
    t.disconnect();
    expect(t.state).toBe('aborted');
    expect(t.respond('success')).toBe('aborted');
  });

  it('only commits past records whose journal append resolved', () => {
    const t = new RacpTransfer(null);
    t.start();
    for (const s of [0, 1, 2, 3]) t.record(s);
    expect(t.committable).toBeNull();
    t.journaled(1, true); // 0 still outstanding
    expect(t.committable).toBeNull();
    t.journaled(0, true);
    expect(t.committable).toBe(1);
    t.journaled(3, true); // 2 outstanding
    expect(t.committable).toBe(1);
    t.journaled(2, true);
    expect(t.commit()).toBe(3);
    expect(t.settling).toBe(false);
  });

  it('stops below a failed append so the record is requested again next time', () => {
    const t = new RacpTransfer(4);
    t.start();
    for (const s of [5, 6, 7]) t.record(s);
    t.journaled(5, true);
    t.journaled(6, false);
    t.journaled(7, true);
    expect(t.commit()).toBe(5);
    t.disconnect();
    expect(new RacpTransfer(t.committable).start()).toMatchObject({ filter: { value: 6 } });
  });

  it('never moves the committed sequence backwards', () => {
    const t = new RacpTransfer(20);
    t.start();
    t.journaled(3, true); // unknown record: ignored
    expect(t.committable).toBe(20);
  });

  it('keeps what was journaled when the link drops mid-transfer', () => {
    const t = new RacpTransfer(null);
    t.start();
    t.record(0);
    t.record(1);
    t.journaled(0, true);
    t.disconnect();
    expect(t.state).toBe('aborted');
    t.journaled(1, true); // the append started before the drop resolves later
    expect(t.committable).toBe(1);
  });
});
