import { Injectable } from '@nestjs/common';
import type { AdminUser, CreateUserRequest, UpdateUserRequest, UserPage } from '@openward/contracts';
import { AUDIT_ACTIONS, AuditPort, type AuditAction } from '../audit/audit.port.js';
import { AuthError } from '../auth/auth.errors.js';
import { PasswordHasher } from '../auth/password-hasher.js';
import { checkPasswordPolicy } from '../auth/password-policy.js';
import { SessionRepository } from '../auth/sessions.repository.js';
import { Clock } from '../common/clock.js';
import { toPage, type PageRequest } from '../common/pagination.js';
import type { Principal } from '../common/principal.js';
import type { RequestMeta } from '../common/request-context.js';
import { applyAccountChange, checkAccountShape } from './user-rules.js';
import { UserError } from './users.errors.js';
import { UsersRepository, type UserRecord } from './users.repository.js';

/** Admin management of accounts (staff and patients). Every call is audited (`user.*`). */
@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionRepository,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditPort,
    private readonly clock: Clock,
  ) {}

  async list(admin: Principal, page: PageRequest, meta: RequestMeta): Promise<UserPage> {
    const rows = await this.users.list(page.after?.[0] ?? null, page.limit + 1);
    await this.record(admin, AUDIT_ACTIONS.userList, 'admin/users', null, meta, {
      count: Math.min(rows.length, page.limit),
    });
    const p = toPage(rows, page.limit, (r) => [r.username]);
    return { items: p.items.map(toAdminUser), next: p.next };
  }

  async create(admin: Principal, req: CreateUserRequest, meta: RequestMeta): Promise<AdminUser> {
    const shape = { role: req.role, patientId: req.patientId ?? null, careTeamIds: req.careTeamIds ?? [] };
    const bad = checkAccountShape(shape);
    if (bad) throw new UserError(bad);
    const violations = checkPasswordPolicy({ password: req.password, username: req.username });
    if (violations.length > 0) throw new AuthError('PASSWORD_POLICY', violations.join(', '));
    if (await this.users.usernameExists(req.username)) throw new UserError('USERNAME_TAKEN');
    await this.checkReferences(shape.careTeamIds, shape.patientId);
    const id = await this.users.create({
      ...shape,
      username: req.username,
      displayName: req.displayName,
      passwordHash: await this.hasher.hash(req.password),
      createdAt: this.clock.now(),
    });
    const created = await this.mustFind(id);
    await this.record(admin, AUDIT_ACTIONS.userCreate, `admin/users/${id}`, created, meta, {
      role: created.role,
    });
    return toAdminUser(created);
  }

  async update(admin: Principal, id: string, req: UpdateUserRequest, meta: RequestMeta): Promise<AdminUser> {
    const target = await this.mustFind(id);
    const change = applyAccountChange(admin.userId, target, req);
    if (!change.ok) throw new UserError(change.code);
    if (req.careTeamIds !== undefined) await this.checkReferences(req.careTeamIds, null);
    await this.users.update(id, req);
    const updated = await this.mustFind(id);
    await this.record(admin, AUDIT_ACTIONS.userUpdate, `admin/users/${id}`, updated, meta, {
      fields: Object.entries(req)
        .filter(([, v]) => v !== undefined)
        .map(([k]) => k)
        .sort()
        .join(','),
    });
    return toAdminUser(updated);
  }

  /** Disables the account and signs out every session of it at once (the next request gets 401). */
  async disable(admin: Principal, id: string, meta: RequestMeta): Promise<AdminUser> {
    const target = await this.mustFind(id);
    if (target.id === admin.userId) throw new UserError('USER_SELF_CHANGE');
    const now = this.clock.now();
    if (target.disabledAt === null) await this.users.setDisabled(id, now);
    const revoked = await this.sessions.revokeUser(id, 'disabled', now);
    await this.record(admin, AUDIT_ACTIONS.userDisable, `admin/users/${id}`, target, meta, {
      revokedSessions: revoked,
    });
    return toAdminUser(await this.mustFind(id));
  }

  async enable(admin: Principal, id: string, meta: RequestMeta): Promise<AdminUser> {
    const target = await this.mustFind(id);
    await this.users.setDisabled(id, null);
    await this.record(admin, AUDIT_ACTIONS.userEnable, `admin/users/${id}`, target, meta, {});
    return toAdminUser(await this.mustFind(id));
  }

  async unlock(admin: Principal, id: string, meta: RequestMeta): Promise<AdminUser> {
    const target = await this.mustFind(id);
    await this.users.unlock(id);
    await this.record(admin, AUDIT_ACTIONS.userUnlock, `admin/users/${id}`, target, meta, {});
    return toAdminUser(await this.mustFind(id));
  }

  async resetMfa(admin: Principal, id: string, meta: RequestMeta): Promise<AdminUser> {
    const target = await this.mustFind(id);
    await this.users.resetMfa(id);
    await this.record(admin, AUDIT_ACTIONS.userMfaReset, `admin/users/${id}`, target, meta, {});
    return toAdminUser(await this.mustFind(id));
  }

  private async checkReferences(careTeamIds: readonly string[], patientId: string | null): Promise<void> {
    const unknown = await this.users.unknownCareTeams(careTeamIds);
    if (unknown.length > 0) throw new UserError('USER_CARE_TEAM_UNKNOWN', unknown.join(', '));
    if (patientId !== null && !(await this.users.patientExists(patientId)))
      throw new UserError('USER_PATIENT_UNKNOWN', patientId);
  }

  private async mustFind(id: string): Promise<UserRecord> {
    const user = await this.users.findById(id);
    if (!user) throw new UserError('USER_NOT_FOUND');
    return user;
  }

  private record(
    admin: Principal,
    action: AuditAction,
    resource: string,
    target: UserRecord | null,
    meta: RequestMeta,
    detail: Record<string, string | number>,
  ): Promise<void> {
    return this.audit.record({
      actorId: admin.userId,
      actorRole: admin.role,
      // A patient account's changes concern that patient (who can see their record).
      patientId: target?.patientId ?? null,
      action,
      resource,
      outcome: 'success',
      sourceIp: meta.sourceIp,
      detail: target ? { ...detail, userId: target.id } : detail,
    });
  }
}

export function toAdminUser(u: UserRecord): AdminUser {
  return {
    id: u.id,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    patientId: u.patientId,
    careTeamIds: [...u.careTeamIds],
    mfaEnabled: u.mfaEnabled,
    failedLogins: u.failedLogins,
    lockedUntil: u.lockedUntil?.toISOString() ?? null,
    disabledAt: u.disabledAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
  };
}
