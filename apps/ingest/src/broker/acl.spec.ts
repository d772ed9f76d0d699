import { describe, expect, it } from '@jest/globals';
import { decidePublish, decideSubscribe, type Identity } from './acl.js';

const gw: Identity = { kind: 'gateway', gatewayId: 'gw-test-1' };
const svc: Identity = { kind: 'service', name: 'clinician-api' };

describe('publish ACL', () => {
  it.each([
    [gw, 'openward/v1/gw/gw-test-1/readings', { allow: true, kind: 'reading', gatewayId: 'gw-test-1' }],
    [gw, 'openward/v1/gw/gw-test-1/status', { allow: true, kind: 'status' }],
    [gw, 'openward/v1/gw/gw-test-2/readings', { allow: false, reason: "another gateway's topic" }],
    [gw, 'openward/v1/gw/gw-test-1/config', { allow: false, reason: 'gateways do not publish config' }],
    [gw, 'openward/v1/live/patients/p-1/readings', { allow: false, reason: 'not a gateway topic' }],
    [gw, 'openward/v1/gw/gw-test-1/readings/extra', { allow: false, reason: 'not a gateway topic' }],
    [svc, 'openward/v1/gw/gw-test-1/config', { allow: true, kind: 'config' }],
    [
      svc,
      'openward/v1/live/unassigned/readings',
      { allow: false, reason: 'services publish only gateway config' },
    ],
    [
      svc,
      'openward/v1/gw/gw-test-1/readings',
      { allow: false, reason: 'services publish only gateway config' },
    ],
  ])('%o on %s → %o', (who, topic, expected) => {
    expect(decidePublish(who, topic)).toEqual(expected);
  });
});

describe('subscribe ACL', () => {
  it.each([
    [gw, 'openward/v1/gw/gw-test-1/config', true],
    [gw, 'openward/v1/gw/gw-test-2/config', false],
    [gw, 'openward/v1/live/#', false],
    [gw, 'openward/v1/gw/+/readings', false],
    [gw, '#', false],
    [svc, 'openward/v1/live/#', true],
    [svc, 'openward/v1/gw/+/readings', true],
    [svc, '#', false],
    [svc, '$SYS/#', false],
  ])('%o on %s → %s', (who, filter, expected) => {
    expect(decideSubscribe(who, filter)).toBe(expected);
  });
});
