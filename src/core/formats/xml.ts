/** How Offline Seed reads the Microsoft XML formats: attributes as `@Name`, text kept as written (trimmed, never turned into numbers). */

import { XMLParser } from 'fast-xml-parser';

/** A parser for one format; `arrays` are the elements that are lists even when the document has only one. */
export function formatXmlParser(arrays: readonly string[]): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (name) => arrays.includes(name),
  });
}
