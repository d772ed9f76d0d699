import { TOPIC_ROOT, parseGatewayTopic, topics } from '@openward/contracts';

/** Who an authenticated MQTT client is (DESIGN.md §5). */
export type Identity = { kind: 'gateway'; gatewayId: string } | { kind: 'service'; name: string };

export type PublishDecision =
  | { allow: true; kind: 'reading'; gatewayId: string }
  | { allow: true; kind: 'status' | 'config' }
  | { allow: false; reason: string };

/** Publish ACL, pure: gateways only below their own subtree (readings, status); services only gateway config. */
export function decidePublish(identity: Identity, topic: string): PublishDecision {
  const gw = parseGatewayTopic(topic);
  if (identity.kind === 'service') {
    return gw?.kind === 'config'
      ? { allow: true, kind: 'config' }
      : { allow: false, reason: 'services publish only gateway config' };
  }
  if (!gw) return { allow: false, reason: 'not a gateway topic' };
  if (gw.gatewayId !== identity.gatewayId) return { allow: false, reason: "another gateway's topic" };
  if (gw.kind === 'readings') return { allow: true, kind: 'reading', gatewayId: gw.gatewayId };
  if (gw.kind === 'status') return { allow: true, kind: 'status' };
  return { allow: false, reason: 'gateways do not publish config' };
}

/** Subscribe ACL, pure: gateways only their own config topic; services any filter under `openward/v1/`. */
export function decideSubscribe(identity: Identity, filter: string): boolean {
  if (identity.kind === 'gateway') return filter === topics.config(identity.gatewayId);
  return filter.startsWith(`${TOPIC_ROOT}/`);
}

/** Service names in `svc:<name>`. */
export const SERVICE_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,39}$/;
