/** A tree item for TreeView: any depth, with the data the row slot renders. */
export interface TreeItem<T = unknown> {
  id: string;
  children: TreeItem<T>[];
  data: T;
  /** Items that only group (plans): not selectable. */
  group?: boolean;
}
