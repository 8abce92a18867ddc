/** Result types of the comparison view's operations (one per .graphql file beside). */
export interface ComparisonClass {
  id: string;
  code: string;
  name: string;
  nameEn: string;
}
export interface ComparisonCity {
  id: string;
  code: string;
  name: string;
  generated: boolean;
  population: number | null;
  category: string | null;
}
export interface ComparisonOptionsResult {
  municipalities: (ComparisonCity & { prefecture: string })[];
  taxonomyClasses: (ComparisonClass & { scheme: 'SDG' | 'PURPOSE' })[];
  peerGroups: { id: string; name: string; municipalities: { id: string; code: string }[] }[];
}
export interface ComparisonRow {
  id: string;
  rank: number | null;
  municipality: ComparisonCity;
  taxonomyClass: ComparisonClass | null;
  fiscalYear: { year: number; label: string } | null;
  score: { id: string; subjects: number; normalizedScore: number; onTrackShare: number } | null;
  indicators: { measured: number; atTarget: number; share: number | null; medianAchievement: number | null } | null;
  trend: { id: string; fiscalYear: { year: number }; subjects: number; normalizedScore: number }[];
  peerMedianScore: number | null;
  belowPeerMedianSince: { year: number; label: string } | null;
  scales: { id: string; name: string; levels: { id: string; code: string; label: string; normalizedScore: number | null; onTrack: boolean | null }[] }[];
}
export interface ComparisonSpread {
  min: number;
  lowerQuartile: number;
  median: number;
  upperQuartile: number;
  max: number;
}
export interface CityGroup {
  id: string;
  label: string;
  labelEn: string;
  taxonomyClass: { id: string; code: string } | null;
  municipalities: { id: string; code: string }[];
  cities: number;
  citiesWithData: number;
  citiesWithoutData: number;
  subjects: number;
  normalizedScore: ComparisonSpread | null;
  onTrackShare: ComparisonSpread | null;
  belowPeerMedian: number;
  indicators: { measured: number; atTarget: number; share: number | null; medianAchievement: number | null } | null;
}
export interface PeerMedian {
  id: string;
  taxonomyClass: { id: string; code: string } | null;
  fiscalYear: { year: number };
  medianScore: number;
  cities: number;
}
export interface CityComparisonResult {
  cityComparison: { id: string; classes: ComparisonClass[]; rows: ComparisonRow[]; peerMedians: PeerMedian[]; groups?: CityGroup[] };
}
/** What the compared cities can be grouped by (the API's CityGroupBy). */
export const GROUP_KEYS = ['CATEGORY', 'POPULATION_BAND', 'PREFECTURE', 'PEER_GROUP'] as const;
export type GroupKey = (typeof GROUP_KEYS)[number];
