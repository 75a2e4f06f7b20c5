import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Reporter, SerializedError, TestModule, TestSuite } from 'vitest/node';

export interface FailureRecap {
  /** "file > suite > test: first line of the error" */
  failedTests: string[];
  /** a file or suite that failed outside its tests: a hook, an import, a collection error */
  failedSuites: string[];
  /** errors thrown outside any test, which fail the run though every test passed */
  unhandledErrors: string[];
}

const firstLine = (error: { message?: string; name?: string } | undefined): string =>
  `${error?.name ?? 'Error'}: ${(error?.message ?? '').split('\n')[0]}`.slice(0, 300);

/**
 * Writes what failed to the file named by PORTRAIT_TEST_RECAP, so `npm test` can repeat it beside
 * its last line: a CI log is often read from its end, where Vitest's own report is long gone.
 */
export default class FailureRecapReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>): void {
    const file = process.env.PORTRAIT_TEST_RECAP;
    if (!file) return;
    const recap: FailureRecap = { failedTests: [], failedSuites: [], unhandledErrors: [] };
    const noteSuite = (suite: TestModule | TestSuite, name: string) => {
      for (const error of suite.errors()) recap.failedSuites.push(`${name}: ${firstLine(error)}`);
    };
    for (const module of testModules) {
      noteSuite(module, module.relativeModuleId);
      for (const suite of module.children.allSuites())
        noteSuite(suite, `${module.relativeModuleId} > ${suite.fullName}`);
      for (const test of module.children.allTests('failed')) {
        const result = test.result();
        const error = result.state === 'failed' ? result.errors[0] : undefined;
        recap.failedTests.push(`${module.relativeModuleId} > ${test.fullName}: ${firstLine(error)}`);
      }
    }
    for (const error of unhandledErrors) {
      // Vitest marks an error with the test file it arrived during (not necessarily its cause)
      const { VITEST_TEST_PATH: file, VITEST_TEST_NAME: test } = error as {
        VITEST_TEST_PATH?: string;
        VITEST_TEST_NAME?: string;
      };
      const during = [file && path.relative(process.cwd(), file), test && `after "${test}"`].filter(Boolean).join(' ');
      recap.unhandledErrors.push(`${firstLine(error)}${during ? ` (during ${during})` : ''}`);
    }
    writeFileSync(file, JSON.stringify(recap));
  }
}
