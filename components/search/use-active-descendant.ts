'use client';

import { useEffect } from 'react';

/**
 * Keeps a cmdk root's `aria-activedescendant` (on its input and its list) naming the option it marks
 * selected. cmdk 1.1.1 computes that id only when the selected value changes, so it is missing at first and
 * goes stale once filtering replaces the options — it then names an element that no longer exists, which a
 * screen reader cannot follow and axe reports (dip/cmdk#413). cmdk writes the attribute after our props, so
 * it is corrected where it lands: in the DOM, whenever an option's selection or the attribute changes.
 */
export function useActiveDescendant(root: HTMLElement | null): void {
  useEffect(() => {
    if (!root) return;
    const sync = () => {
      // A closed list (hidden) has no active option to announce.
      const list = root.querySelector<HTMLElement>('[cmdk-list]');
      const selected = list && !list.hidden ? list.querySelector<HTMLElement>('[cmdk-item][aria-selected="true"]')?.id || null : null;
      for (const owner of root.querySelectorAll<HTMLElement>('[cmdk-input], [cmdk-list]')) {
        if (owner.getAttribute('aria-activedescendant') === selected) continue;
        if (selected) owner.setAttribute('aria-activedescendant', selected);
        else owner.removeAttribute('aria-activedescendant');
      }
    };
    sync();
    const observer = new MutationObserver(sync);
    observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-selected', 'aria-activedescendant', 'hidden'] });
    return () => observer.disconnect();
  }, [root]);
}
