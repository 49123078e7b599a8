-- Q5 for wrk: versioned updates. One connection per thread, each thread updating a course of its
-- own and carrying the version each answer returns into its next request, so that every update
-- is a real write, not a refused one. Arguments after `--`: TOKEN SLUG[,SLUG…] [PAUSE_MS], the
-- last to pause between one answer and the next request (a writer at a steady pace).

local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
end

function init(args)
  token = args[1]
  local slugs = {}
  for slug in string.gmatch(args[2], "[^,]+") do
    slugs[#slugs + 1] = slug
  end
  slug = slugs[(id % #slugs) + 1]
  local pause = tonumber(args[3] or "0")
  -- Defined only with a pause: wrk times every request of a script that has one.
  if pause > 0 then
    function delay()
      return pause
    end
  end
  version = nil
  round = 0
  refused = 0
end

local function body()
  round = round + 1
  if version == nil then
    return '{"query":"{ trainingCourse(id: \\"TrainingCourse:' .. slug .. '\\") { version } }"}'
  end
  return '{"query":"mutation($v: Int!) { updateTrainingCourse(id: \\"TrainingCourse:' .. slug ..
    '\\", expectedVersion: $v, input: { title: \\"Bench ' .. round .. '\\" }) { version } }","variables":{"v":' ..
    version .. '}}'
end

function request()
  return wrk.format("POST", "/graphql", {
    ["content-type"] = "application/json",
    ["authorization"] = "Bearer " .. token,
  }, body())
end

function response(status, headers, text)
  local v = string.match(text, '"version":(%d+)') or string.match(text, "at version (%d+)")
  if string.find(text, "CONFLICT", 1, true) then
    refused = refused + 1
  end
  if v then
    version = tonumber(v)
  end
end
