import L from 'leaflet';
import type { Feature, FeatureCollection, Geometry } from 'geojson';
import { request, withQuery } from '../../api.ts';

interface Props { code: string; kind: string; name: string }

const styles: Record<string, L.PathOptions> = {
  community: { color: '#c0392b', weight: 2.5, dashArray: '8 5', fill: false },
  grid: { color: '#1f6fd1', weight: 2, fill: false },
  microGrid: { color: '#2e9b57', weight: 1, fillColor: '#67c23a', fillOpacity: 0.06 },
};

/** A map drawn on the plain grid background (no tile server), with the base map only when configured. */
export async function baseMap(el: HTMLElement): Promise<L.Map> {
  const map = L.map(el, { attributionControl: false, zoomSnap: 0.25 });
  map.setView([30.52, 120.7], 14);
  try {
    const config = await request<{ tileUrl: string | null }>('/api/console-config');
    if (config.tileUrl) L.tileLayer(config.tileUrl, { maxZoom: 19 }).addTo(map);
  } catch {
    // The polygons are enough to find one's way; a missing setting is not worth an error.
  }
  return map;
}

/**
 * The community, grid and micro-grid polygons of the caller's part of the tree (or below `within`),
 * as on the grid map page, drawn without interaction so clicks reach the map. Returns their bounds.
 */
export async function drawGrids(map: L.Map, within?: string): Promise<L.LatLngBounds> {
  const bounds = L.latLngBounds([]);
  let features: Feature<Geometry, Props>[] = [];
  try {
    features = (await request<FeatureCollection<Geometry, Props>>(withQuery('/api/tree/map', { within }))).features;
  } catch {
    // Residents see no polygons; the map still works for picking a point.
    return bounds;
  }
  for (const kind of ['microGrid', 'grid', 'community']) {
    const ofKind = features.filter((f) => f.properties.kind === kind);
    if (!ofKind.length) continue;
    const layer = L.geoJSON(ofKind, {
      style: () => styles[kind] ?? {},
      interactive: false,
      onEachFeature: (feature: Feature<Geometry, Props>, path) => {
        if (kind === 'grid') path.bindTooltip(feature.properties.name, { permanent: true, direction: 'center', className: 'gz-label' });
      },
    }).addTo(map);
    bounds.extend(layer.getBounds());
  }
  return bounds;
}
