import type { DefinitionDraft } from '../definition';
import { adHocCommendation } from './ad-hoc-commendation';
import { annualEmulationTitle } from './annual-emulation-title';
import { initiativeRecognition } from './initiative-recognition';

export { adHocCommendation, annualEmulationTitle, initiativeRecognition };

/** Published as version 1 on first start; later versions come through publishDefinition. */
export const SHIPPED_DEFINITIONS: readonly DefinitionDraft[] = [initiativeRecognition, adHocCommendation, annualEmulationTitle];
