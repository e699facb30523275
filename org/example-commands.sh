#!/usr/bin/env sh
# The redshift-evr organization rollout, in order; docs/org-rollout.md explains each step.
# Rendered by "npm run org:render"; render again instead of editing. Run it from the redshift-evr checkout with:
#   CENTRAL_PROFILE     an AWS CLI profile of the central account 111122223333
#   MANAGEMENT_PROFILE  a profile of the management account 999988887777, or of a delegated
#                       administrator for StackSets and AWS Config (then also CALL_AS=DELEGATED_ADMIN)
#   ROOT_OR_OU_IDS      the organization root (r-...), or the OUs that hold every account the pack reaches
#   DELIVERY_BUCKET     the conformance pack delivery bucket (its name starts with awsconfigconforms)
set -eu
: "${CENTRAL_PROFILE:?set CENTRAL_PROFILE}" "${MANAGEMENT_PROFILE:?set MANAGEMENT_PROFILE}"
: "${ROOT_OR_OU_IDS:?set ROOT_OR_OU_IDS}" "${DELIVERY_BUCKET:?set DELIVERY_BUCKET}"
CALL_AS="${CALL_AS:-SELF}"
DIR="$(cd "$(dirname "$0")" && pwd)"

# wait_for_stack_set_operation STACK_SET OPERATION_ID
wait_for_stack_set_operation() {
  while :; do
    status="$(aws cloudformation describe-stack-set-operation --stack-set-name "$1" --call-as "$CALL_AS" --region eu-west-1 --profile "$MANAGEMENT_PROFILE" --operation-id "$2" --query StackSetOperation.Status --output text)"
    case "$status" in
      SUCCEEDED) return 0 ;;
      FAILED | STOPPED) echo "StackSet operation $2 ended $status; see why with: aws cloudformation list-stack-set-operation-results --stack-set-name $1 --call-as \"$CALL_AS\" --region eu-west-1 --profile \"$MANAGEMENT_PROFILE\" --operation-id $2" >&2; exit 1 ;;
    esac
    sleep 30
  done
}

# 1. Central account 111122223333: the rule and preflight functions in organization mode, in every Region.
#    TRUSTED_ACCOUNT_IDS is the list of active accounts now: run this step again when accounts join.
TRUSTED="$(aws organizations list-accounts --profile "$MANAGEMENT_PROFILE" --query 'Accounts[?Status==`ACTIVE`].Id' --output text | tr -s ' 	' ',,')"
AWS_PROFILE="$CENTRAL_PROFILE" npm run deploy -- --region eu-west-1 --param="ExecutionRoleName=redshift-evr-execution" --param="OrganizationId=o-a1b2c3d4e5" --param="TrustedAccountIds=$TRUSTED"

# 2. Member roles and runbooks in every account under ROOT_OR_OU_IDS, kept up to date as accounts join: the
#    roles, then the cluster runbook, then the workgroup runbook and the read role for scans (one runbook per
#    StackSet template keeps each within CloudFormation's 51,200-byte --template-body limit).
aws cloudformation create-stack-set --stack-set-name redshift-evr-member --call-as "$CALL_AS" --region eu-west-1 --profile "$MANAGEMENT_PROFILE" \
  --template-body "file://$DIR/member-stackset.yaml" --capabilities CAPABILITY_NAMED_IAM \
  --permission-model SERVICE_MANAGED --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false
OPERATION="$(aws cloudformation create-stack-instances --stack-set-name redshift-evr-member --call-as "$CALL_AS" --region eu-west-1 --profile "$MANAGEMENT_PROFILE" \
  --deployment-targets OrganizationalUnitIds="$ROOT_OR_OU_IDS" \
  --regions eu-west-1 \
  --operation-preferences RegionConcurrencyType=SEQUENTIAL,MaxConcurrentPercentage=25,FailureTolerancePercentage=10 \
  --query OperationId --output text)"
wait_for_stack_set_operation redshift-evr-member "$OPERATION"
aws cloudformation create-stack-set --stack-set-name redshift-evr-member-cluster --call-as "$CALL_AS" --region eu-west-1 --profile "$MANAGEMENT_PROFILE" \
  --template-body "file://$DIR/member-cluster-stackset.yaml" --capabilities CAPABILITY_NAMED_IAM \
  --permission-model SERVICE_MANAGED --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false
OPERATION="$(aws cloudformation create-stack-instances --stack-set-name redshift-evr-member-cluster --call-as "$CALL_AS" --region eu-west-1 --profile "$MANAGEMENT_PROFILE" \
  --deployment-targets OrganizationalUnitIds="$ROOT_OR_OU_IDS" \
  --regions eu-west-1 \
  --operation-preferences RegionConcurrencyType=SEQUENTIAL,MaxConcurrentPercentage=25,FailureTolerancePercentage=10 \
  --query OperationId --output text)"
wait_for_stack_set_operation redshift-evr-member-cluster "$OPERATION"
aws cloudformation create-stack-set --stack-set-name redshift-evr-member-serverless --call-as "$CALL_AS" --region eu-west-1 --profile "$MANAGEMENT_PROFILE" \
  --template-body "file://$DIR/member-serverless-stackset.yaml" --capabilities CAPABILITY_NAMED_IAM \
  --permission-model SERVICE_MANAGED --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false
OPERATION="$(aws cloudformation create-stack-instances --stack-set-name redshift-evr-member-serverless --call-as "$CALL_AS" --region eu-west-1 --profile "$MANAGEMENT_PROFILE" \
  --deployment-targets OrganizationalUnitIds="$ROOT_OR_OU_IDS" \
  --regions eu-west-1 \
  --operation-preferences RegionConcurrencyType=SEQUENTIAL,MaxConcurrentPercentage=25,FailureTolerancePercentage=10 \
  --query OperationId --output text)"
wait_for_stack_set_operation redshift-evr-member-serverless "$OPERATION"

# 3. The organization conformance pack, per Region. The management account gets no StackSet instance, so it
#    is excluded (docs/org-rollout.md says how to include it).
aws configservice put-organization-conformance-pack --region eu-west-1 --profile "$MANAGEMENT_PROFILE" \
  --organization-conformance-pack-name redshift-evr \
  --template-body "file://$DIR/conformance-pack-eu-west-1.yaml" \
  --delivery-s3-bucket "$DELIVERY_BUCKET" \
  --excluded-accounts 999988887777
