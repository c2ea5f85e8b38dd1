import { planContent } from "./action-plan/content.js";
import { assessmentContent } from "./assessment-content.js";
import { prioritiesContent } from "./priorities/content.js";
import type { StageContents } from "./stage-content.js";

export const STAGE_CONTENTS: StageContents = {
  assessment: assessmentContent,
  priorities: prioritiesContent,
  action_plan: planContent,
};
