// A layered drawing of a directed acyclic graph, small enough to read: each node sits one layer
// right of the last of the nodes it depends on (longest path), nodes in a layer are ordered to
// shorten edges (barycentre sweeps), and edges are drawn as curves from right to left edges.

/**
 * @param ids node ids, in the order to start from (for example by priority)
 * @param edges [from, to] pairs: `to` depends on `from`, so `from` is drawn left of `to`
 * @returns {{nodes: Map<string,{x,y,layer}>, edges: {from,to,d}[], width, height}}
 */
export function layout(ids, edges, { nodeWidth = 210, nodeHeight = 52, gapX = 64, gapY = 16, pad = 16 } = {}) {
  const index = new Map(ids.map((id, i) => [id, i]));
  const incoming = new Map(ids.map((id) => [id, []]));
  const outgoing = new Map(ids.map((id) => [id, []]));
  const kept = edges.filter(([a, b]) => index.has(a) && index.has(b) && a !== b);
  for (const [a, b] of kept) {
    outgoing.get(a).push(b);
    incoming.get(b).push(a);
  }

  // Longest-path layers in topological order (Kahn). The tracker refuses cycles; should one slip
  // through, its nodes go to the last layer instead of looping.
  const layer = new Map();
  const remaining = new Map(ids.map((id) => [id, incoming.get(id).length]));
  const queue = ids.filter((id) => remaining.get(id) === 0);
  for (const id of queue) layer.set(id, 0);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i];
    for (const next of outgoing.get(id)) {
      layer.set(next, Math.max(layer.get(next) ?? 0, layer.get(id) + 1));
      remaining.set(next, remaining.get(next) - 1);
      if (remaining.get(next) === 0) queue.push(next);
    }
  }
  const deepest = Math.max(0, ...layer.values());
  for (const id of ids) if (!layer.has(id) || remaining.get(id) > 0) layer.set(id, deepest + 1);

  const layers = [];
  for (const id of ids) {
    const l = layer.get(id);
    (layers[l] ||= []).push(id);
  }
  for (let l = 0; l < layers.length; l++) layers[l] ||= [];

  // Barycentre sweeps: order each layer by the mean position of its neighbours in the layer before
  // (down) or after (up); ties keep the previous order.
  const position = new Map();
  const place = () => layers.forEach((ls) => ls.forEach((id, i) => position.set(id, i)));
  place();
  const mean = (list, fallback) =>
    list.length ? list.reduce((sum, n) => sum + position.get(n), 0) / list.length : fallback;
  for (let sweep = 0; sweep < 4; sweep++) {
    const down = sweep % 2 === 0;
    const order = down ? layers.keys() : [...layers.keys()].reverse();
    for (const l of order) {
      const ls = layers[l];
      const keyed = ls.map((id, i) => [mean(down ? incoming.get(id) : outgoing.get(id), i), i, id]);
      keyed.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      layers[l] = keyed.map((k) => k[2]);
      layers[l].forEach((id, i) => position.set(id, i));
    }
  }

  const tallest = Math.max(1, ...layers.map((ls) => ls.length));
  const height = pad * 2 + tallest * nodeHeight + (tallest - 1) * gapY;
  const width = pad * 2 + layers.length * nodeWidth + Math.max(0, layers.length - 1) * gapX;
  const nodes = new Map();
  layers.forEach((ls, l) => {
    const columnHeight = ls.length * nodeHeight + Math.max(0, ls.length - 1) * gapY;
    const top = pad + (height - pad * 2 - columnHeight) / 2;
    ls.forEach((id, i) => {
      nodes.set(id, { x: pad + l * (nodeWidth + gapX), y: top + i * (nodeHeight + gapY), layer: l });
    });
  });
  const paths = kept.map(([from, to]) => {
    const a = nodes.get(from);
    const b = nodes.get(to);
    const x1 = a.x + nodeWidth;
    const y1 = a.y + nodeHeight / 2;
    const x2 = b.x - 6; // leave room for the arrow head
    const y2 = b.y + nodeHeight / 2;
    const bend = Math.max(24, (x2 - x1) / 2);
    return { from, to, d: `M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}` };
  });
  return { nodes, edges: paths, width, height, nodeWidth, nodeHeight };
}
