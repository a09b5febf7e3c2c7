// Third-party libraries, from their WebJars (versions pinned in pom.xml; change both
// together). Both are UMD bundles that put themselves on globalThis when run as modules.
import '/assets/vendor/markdown-it/14.1.0/dist/markdown-it.min.js';
import '/assets/vendor/dompurify/3.3.1/dist/purify.min.js';

export const markdownit = globalThis.markdownit;
export const DOMPurify = globalThis.DOMPurify;
