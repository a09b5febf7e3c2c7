package dev.bastion;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * What Spring Modulith cannot say about the layout: which libraries only one module may
 * use.
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

}
