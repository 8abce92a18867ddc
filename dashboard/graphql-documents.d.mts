/** Types of graphql-documents.mjs (plain JavaScript so that node scripts can import it). */
export declare const isFragmentFile: (file: string) => boolean;
export declare function readDocument(file: string): string;
export declare function documentFiles(file: string): string[];
