import { FormError, useFieldError as useCatalogueFieldError } from '../../components/FormErrors';
import type { Errors } from './validation';

/** The message of a field's error, in the viewer's language (undefined when the field is fine). */
export const useFieldError = (errors: Errors) => useCatalogueFieldError(errors, 'initiatives');

export { FormError };
