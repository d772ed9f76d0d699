import { parseEnrollArgs, USAGE } from './enroll/args.js';
import { enroll } from './enroll/enroll.js';

/**
 * `node apps/gateway/dist/enroll-main.js --api https://… --code XXXX-… [--out /etc/openward/gateway.env]`:
 * exchanges a one-time enrolment code for this gateway's MQTT credentials and writes them to the environment
 * file the gateway's systemd unit reads (docs/gateway-raspberry-pi.md "Enrol"). Prints one line; never the
 * secret.
 */
async function main(): Promise<void> {
  const parsed = parseEnrollArgs(process.argv.slice(2), process.env);
  if (!parsed.ok) {
    process.stderr.write(`enroll: ${parsed.message}\n${USAGE}\n`);
    process.exit(2);
  }
  if ('help' in parsed) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const outcome = await enroll(parsed.value);
  if (!outcome.ok) {
    process.stderr.write(`enroll failed (${outcome.reason}): ${outcome.message}\n`);
    process.exitCode = 1;
    return;
  }
  const broker = outcome.mqttUrl ? `, broker ${outcome.mqttUrl}` : ' (GATEWAY_MQTT_URL unchanged)';
  process.stdout.write(`enrolled as ${outcome.gatewayId}; credentials written to ${outcome.file}${broker}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`enroll failed: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
