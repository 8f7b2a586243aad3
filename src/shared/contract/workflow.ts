/** Requests and events of the workflow domain (see DESIGN.md). */

import { defineEvents, defineRequests } from './define';

export const workflowRequests = defineRequests({});

export const workflowEvents = defineEvents({});
