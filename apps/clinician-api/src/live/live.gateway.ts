import { Inject } from '@nestjs/common';
import {
  ConnectedSocket,
  MessageBody,
  SubscribeMessage,
  WebSocketGateway,
  WebSocketServer,
  type OnGatewayInit,
} from '@nestjs/websockets';
import {
  LIVE_EVENTS,
  LIVE_NAMESPACE,
  PATIENT_ID_PATTERN,
  type SubscribeAck,
  type VitalEvent,
} from '@openward/contracts';
import type { Namespace, Socket } from 'socket.io';
import { PatientAccess } from '../access/patient-access.js';
import { AUDIT_ACTIONS } from '../audit/audit.port.js';
import { AppError } from '../common/app-error.js';
import { LOGGER, type AppLogger } from '../common/logger.js';
import { AccessTokenVerifier, type Principal } from '../common/principal.js';
import { VitalBroadcaster, patientRoom } from './vital-broadcaster.js';

interface LiveSocketData {
  principal?: Principal;
}
type LiveSocket = Socket<Record<string, never>, Record<string, never>, Record<string, never>, LiveSocketData>;

/** Error sent to the client (connect_error) when the handshake has no valid token. */
export const LIVE_UNAUTHENTICATED = 'UNAUTHENTICATED';

/**
 * socket.io namespace `/live`: the handshake must carry a valid access token (`auth: { token }`), otherwise
 * the connection is refused; `subscribe {patientId}` joins the patient's room after the care-team check.
 */
@WebSocketGateway({ namespace: LIVE_NAMESPACE, serveClient: false })
export class LiveGateway extends VitalBroadcaster implements OnGatewayInit<Namespace> {
  @WebSocketServer() private server!: Namespace;

  constructor(
    private readonly tokens: AccessTokenVerifier,
    private readonly access: PatientAccess,
    @Inject(LOGGER) private readonly logger: AppLogger,
  ) {
    super();
  }

  afterInit(namespace: Namespace): void {
    // Middleware runs before the connection is accepted, so no event can arrive from an unauthenticated socket.
    namespace.use((socket: LiveSocket, next) => {
      const token: unknown = socket.handshake.auth?.['token'];
      if (typeof token !== 'string' || token.length === 0) return next(new Error(LIVE_UNAUTHENTICATED));
      this.tokens.verify(token).then(
        (principal) => {
          if (!principal) return next(new Error(LIVE_UNAUTHENTICATED));
          socket.data.principal = principal;
          next();
        },
        () => next(new Error(LIVE_UNAUTHENTICATED)),
      );
    });
  }

  @SubscribeMessage(LIVE_EVENTS.subscribe)
  async subscribe(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<SubscribeAck> {
    const principal = socket.data.principal;
    if (!principal) {
      socket.disconnect(true);
      return { ok: false, code: 'FORBIDDEN' };
    }
    const patientId = patientIdOf(body);
    if (patientId === null) return { ok: false, code: 'BAD_REQUEST' };
    try {
      await this.access.require(
        principal,
        patientId,
        { action: AUDIT_ACTIONS.liveSubscribe, resource: `live/${patientRoom(patientId)}` },
        { sourceIp: socket.handshake.address || null },
      );
    } catch (e) {
      if (e instanceof AppError && e.code === 'PATIENT_NOT_FOUND') return { ok: false, code: 'NOT_FOUND' };
      if (e instanceof AppError && e.code === 'PATIENT_FORBIDDEN') return { ok: false, code: 'FORBIDDEN' };
      throw e;
    }
    await socket.join(patientRoom(patientId));
    this.logger.debug({ userId: principal.userId, patientId }, 'live subscribed');
    return { ok: true };
  }

  @SubscribeMessage(LIVE_EVENTS.unsubscribe)
  async unsubscribe(
    @ConnectedSocket() socket: LiveSocket,
    @MessageBody() body: unknown,
  ): Promise<SubscribeAck> {
    const patientId = patientIdOf(body);
    if (patientId === null) return { ok: false, code: 'BAD_REQUEST' };
    await socket.leave(patientRoom(patientId));
    return { ok: true };
  }

  broadcast(event: VitalEvent): void {
    this.server.to(patientRoom(event.patientId)).emit(LIVE_EVENTS.vital, event);
  }
}

function patientIdOf(body: unknown): string | null {
  if (typeof body !== 'object' || body === null) return null;
  const id = (body as { patientId?: unknown }).patientId;
  return typeof id === 'string' && PATIENT_ID_PATTERN.test(id) ? id : null;
}
