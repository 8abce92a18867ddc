/** Result type of the indicator-parts operation. */
import type { Provenance } from '../../../shared/graphql/types';

export interface ValuePart {
  label: string;
  value: number | null;
  unit: string | null;
  text: string;
}

export interface PartedValue {
  id: string;
  fiscalYear: { year: number };
  kind: 'BASELINE' | 'TARGET' | 'ACTUAL';
  text: string;
  parts: ValuePart[];
  provenance: Provenance | null;
}

export interface GetIndicatorPartsResult {
  indicator: { id: string; unit: string | null; values: PartedValue[] } | null;
}
