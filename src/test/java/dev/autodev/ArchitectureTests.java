package dev.autodev;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency direction: adapters (task, session, cli, web) → services (tracker) → store. The
 * store knows no feature; the tracker knows no adapter; features form no cycles.
 */
@AnalyzeClasses(packages = "dev.autodev", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

  @ArchTest
  static final ArchRule storeDependsOnNoFeature =
      noClasses()
          .that()
          .resideInAPackage("dev.autodev.store..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.autodev.tracker..",
              "dev.autodev.task..",
              "dev.autodev.session..",
              "dev.autodev.history..",
              "dev.autodev.memory..",
              "dev.autodev.cli..",
              "dev.autodev.web..");

  @ArchTest
  static final ArchRule trackerDependsOnNoAdapter =
      noClasses()
          .that()
          .resideInAPackage("dev.autodev.tracker..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "dev.autodev.task..",
              "dev.autodev.session..",
              "dev.autodev.history..",
              "dev.autodev.memory..",
              "dev.autodev.cli..",
              "dev.autodev.web..");

  @ArchTest
  static final ArchRule noCyclesBetweenFeatures =
      slices().matching("dev.autodev.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule shellCommandsDoNotPrintToSystemOut =
      noClasses()
          .that()
          .resideOutsideOfPackage("dev.autodev.cli..")
          .should()
          .accessField(System.class, "out");
}
