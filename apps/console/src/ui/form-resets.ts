/**
 * How many times the form around a field had a sending accepted (`CommandForm` counts them; 0 outside a form): the
 * moment its page may have emptied or reset its fields. A field that keeps its own text (`date-field.tsx`) shows the
 * page's value again then, even when that value did not change (a day typed unreadable was handed on as « no day »,
 * and the page's reset to « no day » changes nothing it could see).
 */
import { createContext } from 'preact';

export const FormResets = createContext(0);
