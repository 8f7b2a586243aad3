/** Requests and events of the certificate domain (see DESIGN.md). */

import { defineEvents, defineRequests } from './define';

export const certificateRequests = defineRequests({});

export const certificateEvents = defineEvents({});
