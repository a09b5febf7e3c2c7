package dev.bastion.support;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;

/**
 * A real OpenID provider for the single sign-on tests: Spring Authorization Server in its
 * own small application context on its own random port (never component-scanned into
 * Bastion, no Spring Boot auto-configuration). Users sign in at its own login form; the
 * claims of their ID tokens are set per user, and can be made wrong on purpose (another
 * nonce, another audience) to play a misbehaving or compromised provider.
 */
public final class TestIdentityProvider implements AutoCloseable {

	/** Bastion's client at this provider. */
	public static final String CLIENT_ID = "bastion";

	public static final String CLIENT_SECRET = "bastion-client-secret-for-tests";

	/** Another application registered at the same provider. */
	public static final String OTHER_CLIENT_ID = "other-app";

	public static final String OTHER_CLIENT_SECRET = "other-app-secret-for-tests";

	/** An ID token claim that replaces the token's nonce. */
	public static final String WRONG_NONCE = "_nonce";

	/** An ID token claim that replaces the token's audience. */
	public static final String WRONG_AUDIENCE = "_aud";

	private final AnnotationConfigServletWebServerApplicationContext context;

	private final Users users;

	private final Clients clients;

	private TestIdentityProvider(AnnotationConfigServletWebServerApplicationContext context) {
		this.context = context;
		this.users = context.getBean(Users.class);
		this.clients = context.getBean(Clients.class);
	}

	public static TestIdentityProvider start() {
		AnnotationConfigServletWebServerApplicationContext context = new AnnotationConfigServletWebServerApplicationContext();
		context.register(Provider.class);
		context.refresh();
		return new TestIdentityProvider(context);
	}

	public int port() {
		return this.context.getWebServer().getPort();
	}

	/** The issuer: its host differs from Bastion's, as a real provider's does. */
	public String issuer() {
		return "http://127.0.0.1:" + port();
	}

	/** Lets the two clients come back to Bastion at {@code base}. */
	public void allowBastionAt(String base) {
		this.clients.allow(base);
	}

	/**
	 * A user of the provider with the claims of their ID tokens; replaces an earlier one.
	 */
	public void user(String username, String password, Map<String, Object> claims) {
		this.users.put(username, password, claims);
	}

	/** Changes the claims of a user's future ID tokens. */
	public void claims(String username, Map<String, Object> claims) {
		this.users.claims.put(username, Map.copyOf(claims));
	}

	/**
	 * The Bastion client's registration, then the other application's, also allowed to
	 * come back to Bastion (a code of another client arriving at Bastion's callback).
	 */
	static final class Clients implements RegisteredClientRepository {

		private final Map<String, RegisteredClient> byId = new ConcurrentHashMap<>();

		private final Set<String> bases = ConcurrentHashMap.newKeySet();

		void allow(String base) {
			this.bases.add(base);
			save(client(CLIENT_ID, CLIENT_SECRET));
			save(client(OTHER_CLIENT_ID, OTHER_CLIENT_SECRET));
		}

		private RegisteredClient client(String clientId, String secret) {
			RegisteredClient existing = findByClientId(clientId);
			return RegisteredClient.withId((existing != null) ? existing.getId() : UUID.randomUUID().toString())
				.clientId(clientId)
				.clientSecret("{noop}" + secret)
				.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
				.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
				.redirectUris((uris) -> this.bases.forEach((base) -> uris.add(base + "/web/sso/callback/oidc")))
				.postLogoutRedirectUris((uris) -> this.bases.forEach((base) -> uris.add(base + "/")))
				.scope(OidcScopes.OPENID)
				.scope(OidcScopes.EMAIL)
				.scope(OidcScopes.PROFILE)
				.clientSettings(
						ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
				.build();
		}

		@Override
		public void save(RegisteredClient registeredClient) {
			this.byId.put(registeredClient.getId(), registeredClient);
		}

		@Override
		public @Nullable RegisteredClient findById(String id) {
			return this.byId.get(id);
		}

		@Override
		public @Nullable RegisteredClient findByClientId(String clientId) {
			return this.byId.values().stream().filter((c) -> c.getClientId().equals(clientId)).findFirst().orElse(null);
		}

	}

	/** The provider's users and the claims of their ID tokens. */
	static final class Users {

		private final InMemoryUserDetailsManager accounts = new InMemoryUserDetailsManager();

		private final Map<String, Map<String, Object>> claims = new ConcurrentHashMap<>();

		void put(String username, String password, Map<String, Object> claims) {
			if (this.accounts.userExists(username)) {
				this.accounts.deleteUser(username);
			}
			this.accounts.createUser(User.withUsername(username).password("{noop}" + password).roles("USER").build());
			this.claims.put(username, Map.copyOf(claims));
		}

		void customize(JwtEncodingContext token) {
			if (!"id_token".equals(token.getTokenType().getValue())) {
				return;
			}
			Map<String, Object> extra = this.claims.getOrDefault(token.getPrincipal().getName(), Map.of());
			extra.forEach((name, value) -> {
				switch (name) {
					case WRONG_NONCE -> token.getClaims().claim("nonce", value);
					case WRONG_AUDIENCE -> token.getClaims().audience(List.of(String.valueOf(value)));
					default -> token.getClaims().claim(name, value);
				}
			});
		}

	}

	/** The provider's application context: only what is declared here. */
	@EnableWebSecurity
	static class Provider {

		@Bean
		TomcatServletWebServerFactory webServer() {
			TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
			factory.setAddress(java.net.InetAddress.getLoopbackAddress());
			factory.setRegisterDefaultServlet(true);
			return factory;
		}

		@Bean
		@Order(1)
		SecurityFilterChain protocol(HttpSecurity http) throws Exception {
			http.oauth2AuthorizationServer((server) -> {
				http.securityMatcher(server.getEndpointsMatcher());
				server.oidc(Customizer.withDefaults());
			})
				.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.exceptionHandling((exceptions) -> exceptions
					.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/login")));
			return http.build();
		}

		@Bean
		@Order(2)
		SecurityFilterChain loginForm(HttpSecurity http) throws Exception {
			http.authorizeHttpRequests((requests) -> requests.anyRequest().authenticated())
				.formLogin(Customizer.withDefaults());
			return http.build();
		}

		@Bean
		Users users() {
			return new Users();
		}

		@Bean
		UserDetailsService userDetailsService(Users users) {
			return users.accounts;
		}

		@Bean
		Clients registeredClientRepository() {
			return new Clients();
		}

		@Bean
		OAuth2TokenCustomizer<JwtEncodingContext> idTokenClaims(Users users) {
			return users::customize;
		}

		@Bean
		KeyPair signingKey() throws NoSuchAlgorithmException {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			return generator.generateKeyPair();
		}

		/** For the user info endpoint, which takes the access tokens it issued. */
		@Bean
		JwtDecoder jwtDecoder(KeyPair signingKey) {
			return NimbusJwtDecoder.withPublicKey((RSAPublicKey) signingKey.getPublic()).build();
		}

		@Bean
		JWKSource<SecurityContext> jwkSource(KeyPair pair) {
			RSAKey key = new RSAKey.Builder((RSAPublicKey) pair.getPublic())
				.privateKey((RSAPrivateKey) pair.getPrivate())
				.keyID(UUID.randomUUID().toString())
				.build();
			return new ImmutableJWKSet<>(new JWKSet(key));
		}

		@Bean
		AuthorizationServerSettings authorizationServerSettings() {
			return AuthorizationServerSettings.builder().build();
		}

	}

	@Override
	public void close() {
		this.context.close();
	}

}
