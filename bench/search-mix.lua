-- wrk script: cycles through a mix of result-page searches (plain, typo,
-- prefix, filters, radius, map box, sorted), so one figure covers them all.
-- Usage: wrk -s bench/search-mix.lua http://HOST:PORT
local paths = {
  "/search?q=2+bedroom+apartment+kilimani",
  "/search?q=apartment+kilimani",
  "/search?q=iphone+13",
  "/search?q=toyota",
  "/search?q=bedsitter",
  "/search?q=sofa",
  "/search?q=plot+kitengela",
  "/search?q=apartmnt+kilimani",
  "/search?q=samsng+galaxy",
  "/search?q=toyta+fielder",
  "/search?q=maisonete",
  "/search?q=kil",
  "/search?q=apart",
  "/search?offer=rent&bedrooms=2&price_max=60000",
  "/search?category=phones-tablets",
  "/search?near=Nairobi&radius_km=5",
  "/search?near=Mombasa&radius_km=10&q=apartment",
  "/search?near=Kisumu&radius_km=20&sort=distance",
  "/search?bbox=-1.32,36.74,-1.25,36.85",
  "/search?q=apartment&sort=price_asc",
  "/search",
  "/search?category=vehicles&sort=price_desc",
}
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
