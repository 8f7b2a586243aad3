/** Requests and events of the staging domain (see DESIGN.md). */

import { defineEvents, defineRequests } from './define';

export const stagingRequests = defineRequests({});

export const stagingEvents = defineEvents({});
