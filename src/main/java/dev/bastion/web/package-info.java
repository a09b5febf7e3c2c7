/**
 * The HTTP edge: request ids, the client address, security headers and CSP, CORS, HTTPS,
 * body limits, the filter chains (API: stateless Bearer; UI: session and CSRF) and RFC
 * 9457 problem details for every error.
 */
@ApplicationModule(allowedDependencies = { "system", "audit", "auth" })
@NullMarked
package dev.bastion.web;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
