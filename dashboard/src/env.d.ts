/// <reference types="vite/client" />
declare module '*.graphql' {
  import type { DocumentNode } from 'graphql';
  const document: DocumentNode;
  export default document;
}
declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}
declare module '*.graphql?request' {
  /** The operation's text as the Apollo client sends it (graphql-loader.ts). */
  const text: string;
  export default text;
}
