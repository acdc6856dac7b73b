// Loads the WASM bundle once the page is idle and hydrates each island on it. No preload
// hints: the page is complete without the bundle, and on a slow link its download must not
// compete with what the person sees first.
((js, wasm) => {
  const start = () => import(js).then(async (mod) => {
    await mod.default({ module_or_path: wasm });
    mod.hydrate();
    for (const island of document.querySelectorAll('leptos-island')) {
      const hydrateIsland = mod[island.dataset.component];
      if (hydrateIsland) await hydrateIsland(island);
      else console.error(`no WASM function for the island ${island.dataset.component} in this bundle`);
    }
    document.documentElement.setAttribute('data-hydrated', 'true');
  });
  if ('requestIdleCallback' in window) window.requestIdleCallback(start, { timeout: 2000 });
  else setTimeout(start, 0);
})
