/**
 * Single sign-on with OpenID Connect: Spring Security's OAuth2 client does the protocol
 * (authorization code with PKCE, state, nonce, issuer, audience and signature checks);
 * this package decides which account an identity signs in as, links identities to local
 * accounts only with the local password, maps a claim to the role, and finishes every
 * sign-in as a full Bastion login.
 */
@NullMarked
package dev.bastion.auth.sso;

import org.jspecify.annotations.NullMarked;
