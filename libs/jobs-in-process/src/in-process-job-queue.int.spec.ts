import { jobQueueContract } from '@catalyse/jobs/testing';
import { InProcessJobQueue } from './in-process-job-queue';

jobQueueContract('in-process', { create: async () => new InProcessJobQueue() });
