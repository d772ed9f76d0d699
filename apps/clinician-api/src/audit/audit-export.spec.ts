import { describe, expect, it } from '@jest/globals';
import { auditBundle, pageUrl, toAuditRecord } from './audit-export.js';
import type { StoredRow } from './audit-verify.js';

const row: StoredRow = {
  id: 9,
  at: new Date('2026-11-25T08:40:00.000Z'),
  actorId: 'u-admin',
  actorRole: 'admin',
  patientId: null,
  action: 'audit.read',
  resource: 'audit_events',
  outcome: 'success',
  sourceIp: '127.0.0.1',
  breakGlass: false,
  detail: { returned: 2 },
  prevHash: '0'.repeat(64),
  hash: 'b'.repeat(64),
};

describe('pageUrl', () => {
  it('keeps the filters, replaces the cursor and drops unset values', () => {
    expect(
      pageUrl('/api/admin/audit/export', { action: 'audit.read', cursor: '50', to: undefined }, '12'),
    ).toBe('/api/admin/audit/export?action=audit.read&cursor=12');
    expect(pageUrl('/api/admin/audit/export', {}, null)).toBe('/api/admin/audit/export');
  });
});

describe('auditBundle', () => {
  it('is a searchset with self and next links and one match entry per row', () => {
    const b = auditBundle([row], { self: '/x', next: '/x?cursor=9' }, new Date('2026-11-25T09:00:00Z'));
    expect(b).toMatchObject({
      resourceType: 'Bundle',
      type: 'searchset',
      timestamp: '2026-11-25T09:00:00.000Z',
      link: [
        { relation: 'self', url: '/x' },
        { relation: 'next', url: '/x?cursor=9' },
      ],
      entry: [{ resource: { resourceType: 'AuditEvent', id: '9' }, search: { mode: 'match' } }],
    });
  });

  it('has no entry array at all when nothing matched (FHIR JSON forbids empty arrays)', () => {
    const b = auditBundle([], { self: '/x', next: null }, new Date(0));
    expect(b.entry).toBeUndefined();
    expect(b.link).toEqual([{ relation: 'self', url: '/x' }]);
  });
});

describe('toAuditRecord', () => {
  it('serialises the time as ISO and keeps both hashes', () => {
    expect(toAuditRecord(row)).toMatchObject({
      id: 9,
      at: '2026-11-25T08:40:00.000Z',
      prevHash: '0'.repeat(64),
      hash: 'b'.repeat(64),
    });
  });
});
