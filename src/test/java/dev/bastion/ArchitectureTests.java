package dev.bastion;

import javax.crypto.Cipher;
import javax.crypto.KDF;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.HKDFParameterSpec;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.stereotype.Controller;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.RestController;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * What Spring Modulith cannot say about the layout: which libraries only one module may
 * use, where controllers may be, and that every configuration record is validated.
 */
@AnalyzeClasses(packages = "dev.bastion", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	/**
	 * Redis is known to the shared state only: a feature that reached for Lettuce or
	 * Bucket4j's distributed buckets would be writing its state twice again.
	 */
	@ArchTest
	static final ArchRule onlySharedStateKnowsRedis = noClasses().that()
		.resideOutsideOfPackage("dev.bastion.sharedstate..")
		.should()
		.dependOnClassesThat()
		.resideInAnyPackage("io.lettuce..", "io.github.bucket4j.distributed..", "io.github.bucket4j.redis..")
		.because("features keep their state behind dev.bastion.sharedstate, which alone knows where it lives");

	/**
	 * Ciphers, MACs and key derivation are written once, in {@code crypto}: a module that
	 * set up its own AES-GCM or HMAC could get a nonce, a key or a comparison wrong.
	 */
	@ArchTest
	static final ArchRule onlyCryptoUsesCiphersAndMacs = noClasses().that()
		.resideOutsideOfPackage("dev.bastion.crypto..")
		.should()
		.dependOnClassesThat()
		.belongToAnyOf(Cipher.class, Mac.class, KDF.class, GCMParameterSpec.class, HKDFParameterSpec.class)
		.because("dev.bastion.crypto offers AEAD (Aead), HMAC (Hmac) and keys per purpose (MasterSecret)");

	/**
	 * HTTP endpoints live in the modules that face the web; the infrastructure modules
	 * are used through their API, never called over HTTP.
	 */
	@ArchTest
	static final ArchRule controllersOnlyInWebFacingModules = noClasses().that()
		.resideInAnyPackage("dev.bastion.system..", "dev.bastion.crypto..", "dev.bastion.audit..",
				"dev.bastion.sharedstate..", "dev.bastion.websession..", "dev.bastion.backup..",
				"dev.bastion.ratelimit..")
		.should()
		.beAnnotatedWith(RestController.class)
		.orShould()
		.beAnnotatedWith(Controller.class)
		.because("incident response for the rate limits goes through dev.bastion.admin, as for everything else");

	/** Nobody but {@code account} reads or writes the accounts table's repository. */
	@ArchTest
	static final ArchRule onlyAccountUsesItsRepository = noClasses().that()
		.resideOutsideOfPackage("dev.bastion.account..")
		.should()
		.dependOnClassesThat()
		.haveFullyQualifiedName("dev.bastion.account.Accounts")
		.because("other modules go through AccountManagement, AccountDirectory and AccountCredentials");

	/**
	 * The parts of {@code auth} build on each other one way (login on session, totp,
	 * passkey and apikey; the password reset on login), so each can be read and changed
	 * without the others that use it.
	 */
	@ArchTest
	static final ArchRule authPartsAreFreeOfCycles = slices().matching("dev.bastion.auth.(*)..")
		.should()
		.beFreeOfCycles()
		.because("a cycle between the parts of auth would make them one flat folder again");

	/**
	 * A record's constraints ({@code @Positive}, {@code @DurationMin}, ...) are checked
	 * at start-up only when it is {@code @Validated}: without it they would silently be
	 * documentation.
	 */
	@ArchTest
	static final ArchRule configurationRecordsAreValidated = classes().that()
		.areAnnotatedWith(ConfigurationProperties.class)
		.should()
		.beAnnotatedWith(Validated.class)
		.because("a setting out of its range must refuse the start, not misbehave at run time");

}
