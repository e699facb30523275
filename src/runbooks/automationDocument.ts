/** An SSM Automation document (schemaVersion 0.3), as far as the runbooks' template and the tests use it. */

export interface ParameterSpec {
  readonly type: 'String' | 'Boolean' | 'Integer' | 'StringList' | 'StringMap' | 'MapList';
  readonly description?: string;
  readonly default?: unknown;
  readonly allowedPattern?: string;
  readonly allowedValues?: readonly (string | number)[];
  readonly minChars?: number;
  readonly maxChars?: number;
}

export interface OutputSpec {
  readonly Name: string;
  readonly Selector: string;
  readonly Type: string;
}

export interface StepSpec {
  readonly name: string;
  readonly action: string;
  readonly description?: string;
  readonly inputs: Record<string, unknown>;
  readonly outputs?: readonly OutputSpec[];
  readonly onFailure?: string;
  readonly nextStep?: string;
  readonly isEnd?: boolean;
  readonly isCritical?: boolean;
  readonly maxAttempts?: number;
  /** A number, or a `{{ parameter }}` (SSM's schema allows a string). */
  readonly timeoutSeconds?: number | string;
}

export interface AutomationDocument {
  readonly schemaVersion: string;
  readonly description: string;
  readonly assumeRole?: string;
  readonly parameters: Record<string, ParameterSpec>;
  readonly outputs?: readonly string[];
  readonly mainSteps: readonly StepSpec[];
}
