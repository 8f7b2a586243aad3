/** Requests and events of the azure domain (see DESIGN.md). */

import { defineEvents, defineRequests } from './define';

export const azureRequests = defineRequests({});

export const azureEvents = defineEvents({});
