// The few plotly.js calls the widget makes, so type checking stops at the bundle's edge
// instead of descending into plotly.js's untyped sources.
type Figure = [element: HTMLElement, data: object[], layout: object, config?: object];

declare const Plotly: {
  newPlot(...figure: Figure): Promise<HTMLElement>;
  react(...figure: Figure): Promise<HTMLElement>;
  relayout(element: HTMLElement, update: object): Promise<HTMLElement>;
  purge(element: HTMLElement): void;
};

/** Plotly's registry: the adapter calls its GUI relayout (a relayout that counts as the user's). */
export const Registry: {
  call(name: "_guiRelayout", element: HTMLElement, update: Record<string, unknown>): Promise<HTMLElement>;
};

export default Plotly;
