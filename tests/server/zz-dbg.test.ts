import request from 'supertest';
import { demoServer } from './helpers';
test('x', async () => {
  const demo = await demoServer(['2024'], 'freigabe');
  let t0 = Date.now();
  const r = await request(demo.app).get('/api/indicators?period=2024&ids=anteil_u18').set(demo.auth('leser'));
  console.log('first', r.status, Date.now() - t0, r.text.length);
  t0 = Date.now();
  const r2 = await request(demo.app).get('/api/indicators?period=2024&ebene=baublock').set(demo.auth('leser'));
  console.log('second', r2.status, Date.now() - t0, r2.text.length);
  t0 = Date.now();
  const r3 = await request(demo.app).get('/api/indicators?period=2024&ebene=baublock').set(demo.auth('leser'));
  console.log('third', r3.status, Date.now() - t0);
  await demo.close();
}, 120000);
