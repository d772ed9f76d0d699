import type { UserRole } from '@openward/contracts';

/**
 * Validates a complete member list: every id must be an existing staff account (admin, nurse, clinician);
 * a patient account never joins a care team (it would see the team's other patients). Returns the ids that
 * are not acceptable (empty = valid), in request order. Pure.
 */
export function invalidMembers(
  userIds: readonly string[],
  accounts: ReadonlyMap<string, { readonly role: UserRole }>,
): string[] {
  return userIds.filter((id) => {
    const role = accounts.get(id)?.role;
    return role === undefined || role === 'patient';
  });
}
