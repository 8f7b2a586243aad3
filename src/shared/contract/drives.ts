/** Requests and events of the drives domain (see DESIGN.md). */

import { defineEvents, defineRequests } from './define';

export const drivesRequests = defineRequests({});

export const drivesEvents = defineEvents({});
