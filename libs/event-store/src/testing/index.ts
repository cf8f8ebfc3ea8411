/** Test support for event store adapters: `@catalyse/event-store/testing`. Import it from specs only. */
export { eventStoreContract, type EventStoreContractFactory } from './event-store-contract';
export { upcastingContract } from './upcasting-contract';
export { collect, type CollectingSubscriber, readAllOf, rejectionOf, settleAll, strictlyIncreasing, testEvent, testMetadata } from './fixtures';
