// The event engine: a (time, seq)-ordered event queue and the loop that drives a handler.
export { EventQueue, type EventId } from './event-queue.ts';
export { Simulation, type EventHandler } from './simulation.ts';
