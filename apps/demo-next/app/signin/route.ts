import { NextResponse } from 'next/server';

/** Signs the visitor in (a cookie), so the server decides to record them. */
export function GET() {
  // A relative Location keeps the host the visitor used, so the cookie goes along.
  const response = new NextResponse(null, { status: 307, headers: { Location: '/' } });
  response.cookies.set('shop_user', 'ada', { path: '/' });
  return response;
}
