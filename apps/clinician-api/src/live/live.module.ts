import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { PatientsModule } from '../patients/patients.module.js';
import { LiveFeed, MqttLiveFeed } from './live-feed.js';
import { LiveConsumer } from './live.consumer.js';
import { LiveGateway } from './live.gateway.js';
import { VitalBroadcaster } from './vital-broadcaster.js';

/** Live push: MQTT live feed from ingest → socket.io rooms per patient. */
@Module({
  imports: [AuthModule, PatientsModule],
  providers: [
    LiveGateway,
    LiveConsumer,
    { provide: VitalBroadcaster, useExisting: LiveGateway },
    { provide: LiveFeed, useClass: MqttLiveFeed },
  ],
})
export class LiveModule {}
