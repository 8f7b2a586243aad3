/**
 * The use cases: every step as the wizard's handlers (src/core/handlers) and the command line (src/cli/commands)
 * both run it. A front end maps its input (a contract request, argv and prompts) onto these and renders the result.
 */

export { connectFor, type UseCaseEnv } from './env';
export * from './session';
export * from './drives';
export * from './importJob';
export * from './shipping';
export * from './monitor';
export * from './complete';
export * from './agentStaging';
export * from './databox';
export * from './rehearsal';
