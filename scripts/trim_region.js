// Trim world-atlas countries-50m to the region the dashboard shows; run from a folder with world-atlas and
// topojson-client installed by npm: node trim_region.js > src/rasid/web/static/data/region.geojson
const topo = require('topojson-client');
const world = require('world-atlas/countries-50m.json');
const fc = topo.feature(world, world.objects.countries);
const [W,S,E,N] = [24, 10, 64, 44];
function inside(geom){let hit=false;const walk=(c)=>{if(typeof c[0]==='number'){if(c[0]>=W&&c[0]<=E&&c[1]>=S&&c[1]<=N)hit=true;}else c.forEach(walk)};walk(geom.coordinates);return hit;}
const r=(c)=>typeof c[0]==='number'?[Math.round(c[0]*1000)/1000,Math.round(c[1]*1000)/1000]:c.map(r);
const out={type:'FeatureCollection',features:fc.features.filter(f=>f.geometry&&inside(f.geometry)).map(f=>({type:'Feature',id:f.id,properties:{name:f.properties.name},geometry:{type:f.geometry.type,coordinates:r(f.geometry.coordinates)}}))};
process.stdout.write(JSON.stringify(out));
