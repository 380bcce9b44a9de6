// The one lease of every leased runner lives beside the event store (the checkpoint sealer uses it too).
export { AdvisoryLease, type LeaseSettings } from '@laurel/event-store';
