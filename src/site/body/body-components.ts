import type { Element, ElementContent } from 'hast';
import { h } from 'hastscript';

/**
 * The components a postmortem body may use without an import, as functions from their
 * (string) attributes and children to HTML elements. Bodies are rendered to HTML once, in the
 * content loader, instead of being compiled into a JavaScript module each: see render-body.ts.
 */

export type ComponentProps = Record<string, string>;
export type Component = (props: ComponentProps, children: ElementContent[]) => Element;

/** The kinds of <Callout>, each with its own colour. */
export const CALLOUT_TYPES = ['note', 'tip', 'warning', 'danger'] as const;

/** The attributes each component reads: validate reports any other (it would be ignored). */
export const COMPONENT_ATTRIBUTES: Record<string, readonly string[]> = {
  Callout: ['type', 'title'],
  Figure: ['src', 'alt', 'caption'],
  Metric: ['label', 'value', 'note'],
  Internal: [],
};

/** The name of the component whose passages never leave the company (edition.ts). */
export const INTERNAL = 'Internal';

export const COMPONENTS: Record<string, Component> = {
  /** A highlighted note: <Callout type="warning" title="Careful">text</Callout>. */
  Callout: ({ type = 'note', title }, children) => {
    const kind = (CALLOUT_TYPES as readonly string[]).includes(type) ? type : 'note';
    return h('aside', { className: ['callout', `callout-${kind}`], ariaLabel: title ?? kind }, [
      ...(title ? [h('p', { className: ['callout-title'] }, title)] : []),
      ...children,
    ]);
  },
  /** An image with a caption: <Figure src="/img/graph.png" alt="..." caption="..." />. */
  Figure: ({ src = '', alt = '', caption }) =>
    h('figure', { className: ['figure'] }, [h('img', { src, alt, loading: 'lazy' }), ...(caption ? [h('figcaption', caption)] : [])]),
  /** A key number: <Metric label="Peak error rate" value="38%" note="at 09:40" />. */
  Metric: ({ label = '', value = '', note }) =>
    h('span', { className: ['metric'] }, [
      h('span', { className: ['metric-value'] }, value),
      ' ',
      h('span', { className: ['metric-label'] }, label),
      ...(note ? [h('span', { className: ['metric-note'] }, ` (${note})`)] : []),
    ]),
  /**
   * A passage that never leaves the company: <Internal>host names, who did what</Internal>. The
   * internal edition shows it marked; the public edition removes it (render-body.ts).
   */
  Internal: (_props, children) =>
    h('aside', { className: ['internal'], ariaLabel: 'Internal only' }, [
      h('p', { className: ['internal-label'] }, 'Internal'),
      ...children,
    ]),
};

/** `<Internal>` inside a sentence: the same marker, as phrasing content (an aside would split the paragraph). */
export const INLINE_COMPONENTS: Record<string, Component> = {
  Internal: (_props, children) =>
    h('span', { className: ['internal'] }, [h('span', { className: ['internal-label'] }, 'Internal:'), ' ', ...children]),
};
