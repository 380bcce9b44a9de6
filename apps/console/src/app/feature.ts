import type { ComponentType } from 'react';
import type { RouteObject } from 'react-router';

/** An entry of the navigation: shown to the roles named (any signed-in user without roles; everyone if `public`). */
export interface NavItem {
  to: string;
  /** `namespace:key` of the label. */
  label: string;
  roles?: string[];
  public?: boolean;
}

/** What a feature gives the app: its routes and its navigation entries. Features never import each other. */
export interface Feature {
  routes: RouteObject[];
  nav: NavItem[];
  /** Widgets for the header of a signed-in user (the notification bell). */
  headerWidgets?: ComponentType[];
}
